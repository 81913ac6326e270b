/**
 * The speaker's routing information bases and decision process (RFC 4271 §9, RFC 4456).
 *
 * <p>{@link dev.tabby.bgp.rib.Rib} is the entry point: sessions hand it their peers ({@link
 * dev.tabby.bgp.rib.PeerInfo}, {@link dev.tabby.bgp.rib.PeerOutbound}) and UPDATEs; it runs
 * everything on one thread and hands best-path changes to {@link
 * dev.tabby.bgp.rib.BestPathListener}s. Inside:
 *
 * <ul>
 *   <li>{@code ImportFilter}: loop detection, LOCAL_PREF normalisation, import policy;
 *   <li>{@code RibCore}: the Loc-RIB, whose candidates per prefix are also the peers' Adj-RIBs-In
 *       (each candidate knows its source), and an Adj-RIB-Out per peer, keyed by {@code PrefixMap}
 *       (IPv4 prefixes as primitive longs), attributes shared through {@code AttributeInterner};
 *   <li>{@code Path} and {@code PathTable}: a path without its prefix (attributes and source), one
 *       shared instance per peer and attribute set, so the RIBs hold no object per route; the
 *       public {@code Route} (a prefix and its path) is made from one only for listeners and
 *       queries;
 *   <li>{@code Candidates}: the Loc-RIB's value per prefix, a lone {@code Path} (most prefixes) or
 *       {@code SeveralPaths}, best first;
 *   <li>{@code DecisionStep} and {@code BestPathSelector}: best path and the multipath (ECMP) set;
 *   <li>{@code ExportRules}: split horizon, route reflection, eBGP rewrites, well-known
 *       communities, export policy;
 *   <li>{@code Exporter}: Adj-RIB-Out deltas, encoded once per export group of peers.
 * </ul>
 */
package dev.tabby.bgp.rib;
