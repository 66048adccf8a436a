/* global jest */
// Integration tests wait on a real broker's rebalances and Redis round trips: two minutes each
// unless a test names its own limit.
jest.setTimeout(120_000);
