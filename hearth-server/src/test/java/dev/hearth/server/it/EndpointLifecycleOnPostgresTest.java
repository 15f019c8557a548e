package dev.hearth.server.it;

/** The whole lifecycle suite again, with the store on a real PostgreSQL server (the same server code, one instance). */
@OnPostgres
class EndpointLifecycleOnPostgresTest extends EndpointLifecycleTest {}
