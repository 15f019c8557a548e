package dev.hearth.server.it;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/** A {@link ControlPlaneTest} subclass so marked runs its server on a real PostgreSQL (a fresh database) instead of SQLite. */
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.TYPE)
@interface OnPostgres {}
