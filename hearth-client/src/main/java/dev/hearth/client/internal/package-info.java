/**
 * HTTP, JSON and event-stream plumbing shared by the SDK's clients. Not API: it may change in any release.
 */
package dev.hearth.client.internal;
