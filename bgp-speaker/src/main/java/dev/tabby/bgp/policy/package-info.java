/**
 * Route policies: ordered match-and-act rules applied to routes a peer sends us (import) and to
 * routes we send it (export). See {@link dev.tabby.bgp.policy.RoutePolicy}.
 */
package dev.tabby.bgp.policy;
