//! Tests of the web console (`/console/`): over HTTP with reqwest (sessions, CSRF,
//! headers, scope, forms) and in a real browser (headless Chromium through WebDriver).

mod browser;
mod helpers;
mod http;
mod webdriver;
