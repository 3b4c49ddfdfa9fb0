using Bridge.IntegrationTests.Ethereum;
using Bridge.Testing;

// One PostgreSQL server per test process, stopped when the assembly's tests are done.
[assembly: AssemblyFixture(typeof(PostgresServerLifetime))]

// One Ethereum dev chain with the bridge's contracts for the tests that share it (see EthereumLane).
[assembly: AssemblyFixture(typeof(SharedEthereumLane))]
