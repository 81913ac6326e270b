/** IPPools as the allocator sees them, their node selectors, and the validation of new pools. */
package dev.tabby.ipam.pool;
