package dev.tabby.bench.convergence;

/**
 * A node leaving: how it left, and its route's removal at every other node from that moment.
 *
 * @param idleCores what all agents used together just before, in cores
 */
record DeathSample(Death death, Spread removals, double idleCores) {}
