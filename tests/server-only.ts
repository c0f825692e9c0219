// Tests run outside React's server bundle, where the real `server-only` throws on import.
export {};
