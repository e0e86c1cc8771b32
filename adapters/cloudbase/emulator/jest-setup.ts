/** Jest setup of the `cloudbase-emulation` project: test worlds (server/testing.ts) open the emulated CloudBase store. */
process.env.UNION_TEST_STORE = 'cloudbase-emulation';
