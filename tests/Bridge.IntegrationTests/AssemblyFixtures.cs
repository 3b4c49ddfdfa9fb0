using Bridge.Testing;

// One PostgreSQL server per test process, stopped when the assembly's tests are done.
[assembly: AssemblyFixture(typeof(PostgresServerLifetime))]
