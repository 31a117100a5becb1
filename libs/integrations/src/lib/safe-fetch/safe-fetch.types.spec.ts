import { assertOk, connectToRuleFor, parseConnectTo, parsePortList, SafeFetchError } from './safe-fetch.types';

describe('parseConnectTo', () => {
  it('parses comma-separated curl --connect-to entries', () => {
    expect(
      parseConnectTo(
        'Shop.Example.test:80:127.0.0.1:8080, shop.example.test:443:localhost:8443,[2001:db8::1]:443:[::1]:9443,',
      ),
    ).toEqual([
      { host: 'shop.example.test', port: 80, targetHost: '127.0.0.1', targetPort: 8080 },
      { host: 'shop.example.test', port: 443, targetHost: 'localhost', targetPort: 8443 },
      { host: '2001:db8::1', port: 443, targetHost: '::1', targetPort: 9443 },
    ]);
  });

  it('takes *.<domain> as a rule for every name under that domain, and only there', () => {
    const rules = parseConnectTo('*.Demo.example.com:80:127.0.0.1:8080,shop.example.com:80:127.0.0.1:9090');
    expect(rules[0]).toEqual({ host: '*.demo.example.com', port: 80, targetHost: '127.0.0.1', targetPort: 8080 });
    expect(connectToRuleFor(rules, 'A.b.DEMO.example.com', 80)?.targetPort).toBe(8080);
    expect(connectToRuleFor(rules, 'demo.example.com', 80)).toBeUndefined();
    expect(connectToRuleFor(rules, 'evildemo.example.com', 80)).toBeUndefined();
    expect(connectToRuleFor(rules, 'x.demo.example.com', 443)).toBeUndefined();
    expect(connectToRuleFor(rules, 'shop.example.com', 80)?.targetPort).toBe(9090);
    expect(connectToRuleFor(rules, 'www.shop.example.com', 80)).toBeUndefined();
  });

  it.each(['*.com', '*.127.0.0.1', '*:80', '*.*.example.com', 'x.*.example.com'])(
    'refuses the wildcard host %s',
    (host) => {
      expect(() => parseConnectTo(`${host}:80:127.0.0.1:8080`)).toThrow(/connect-to entry/);
    },
  );

  it('is empty for an empty value', () => {
    expect(parseConnectTo('')).toEqual([]);
    expect(parseConnectTo(' , ')).toEqual([]);
  });

  it.each([
    ['shop.example.test:80:127.0.0.1', /host:port:target_host:target_port/],
    ['shop.example.test:80:127.0.0.1:8080:9', /host:port:target_host:target_port/],
    ['::127.0.0.1:8080', /host "" is not a host name/],
    ['shop.example.test:80::8080', /target host "" is not a host name/],
    ['shop.example.test:http:127.0.0.1:8080', /port "http" is not a port/],
    ['shop.example.test:80:127.0.0.1:70000', /target port "70000" is not a port/],
    ['shop.example.test:0:127.0.0.1:80', /port "0" is not a port/],
    ['shop/x:80:127.0.0.1:80', /host "shop\/x" is not a host name/],
    ['[::1:443:127.0.0.1:80', /IPv6 in brackets/],
  ])('rejects %s', (value, message) => {
    expect(() => parseConnectTo(value)).toThrow(message);
  });
});

describe('assertOk', () => {
  const response = (status: number) => ({
    url: 'https://x.example/a',
    status,
    headers: {},
    body: Buffer.alloc(0),
    bytes: 0,
    elapsedMs: 1,
    redirects: [],
  });

  it('passes 2xx and throws HTTP_ERROR otherwise', () => {
    expect(assertOk(response(204)).status).toBe(204);
    expect(() => assertOk(response(404))).toThrow(
      new SafeFetchError('HTTP_ERROR', 'https://x.example/a', 'https://x.example/a answered HTTP 404'),
    );
    try {
      assertOk(response(503));
    } catch (error) {
      expect(error).toBeInstanceOf(SafeFetchError);
      expect(error).toMatchObject({ code: 'HTTP_ERROR', details: { status: 503 } });
    }
  });
});

describe('parsePortList', () => {
  it('parses comma-separated ports, dropping repeats', () => {
    expect(parsePortList('80, 443,443,8080')).toEqual([80, 443, 8080]);
  });

  it.each(['', ' , ', '80,http', '0', '65536', '-1'])('rejects %j', (value) => {
    expect(() => parsePortList(value)).toThrow();
  });
});
