/**
 * Imported before anything that reads lib/env: the test process itself sends replayed webhooks
 * (through lib/webhooks, as the account page's server action does) to a receiver on 127.0.0.1.
 */
process.env.ALLOW_LOOPBACK_FETCH = "1";
