export * from './lib/google-places/fake-places.server';
