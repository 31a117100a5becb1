import { ConfigValidationError, loadConfig } from './load-config';
import { demoNotice, RuntimeConfig } from './runtime.config';

const load = (DEMO_FAKES?: string) => loadConfig(RuntimeConfig, DEMO_FAKES === undefined ? {} : { DEMO_FAKES });

describe('DEMO_FAKES and the demo notice', () => {
  it('is no demo by default', () => {
    expect(load().DEMO_FAKES).toEqual([]);
    expect(demoNotice(load())).toBeNull();
  });

  it('says nothing leaves the machine only when every service is faked', () => {
    expect(demoNotice(load('google-places, websites,debounce,brevo,hubspot,n8n'))).toBe(
      'offline demo: google-places, websites, debounce, brevo, hubspot, n8n are local fakes started by npm start; nothing leaves this machine',
    );
    expect(demoNotice(load('google-places,websites,debounce,brevo,n8n'))).toMatch(/; hubspot is real$/);
    expect(demoNotice(load('debounce,brevo,n8n'))).toBe(
      'offline demo: debounce, brevo, n8n are local fakes started by npm start; google-places, hubspot are real',
    );
  });

  it('refuses a name it does not know', () => {
    expect(() => load('google-places,mailchimp')).toThrow(ConfigValidationError);
  });
});
