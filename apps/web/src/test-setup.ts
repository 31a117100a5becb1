// jsdom lays nothing out, so every element measures 0×0 and a virtualised grid (TanStack Virtual measures its
// scroll element by clientWidth/clientHeight) would show no row. Tests see the 1280×800 window the browser tests use.
const WINDOW = { width: 1280, height: 800 };

Object.defineProperty(HTMLElement.prototype, 'clientWidth', { configurable: true, get: () => WINDOW.width });
Object.defineProperty(HTMLElement.prototype, 'clientHeight', { configurable: true, get: () => WINDOW.height });
