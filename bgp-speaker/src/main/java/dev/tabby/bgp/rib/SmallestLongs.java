package dev.tabby.bgp.rib;

import java.util.Arrays;

/**
 * The smallest of the values offered, up to a fixed number of them: a bounded max-heap, so picking
 * the next page of a table in prefix order takes one pass over the table and room for one page.
 */
final class SmallestLongs {
  private final long[] heap;
  private int size;

  SmallestLongs(int capacity) {
    heap = new long[capacity];
  }

  /** Whether {@link #offer} would keep the value: worth testing it further first. */
  boolean wouldKeep(long value) {
    return size < heap.length || value < heap[0];
  }

  /** Keeps the value if it is among the smallest so far. */
  void offer(long value) {
    if (size < heap.length) {
      heap[size] = value;
      siftUp(size++);
    } else if (value < heap[0]) {
      heap[0] = value;
      siftDown(0);
    }
  }

  int size() {
    return size;
  }

  /** The values kept, ascending. */
  long[] sorted() {
    long[] sorted = Arrays.copyOf(heap, size);
    Arrays.sort(sorted);
    return sorted;
  }

  private void siftUp(int index) {
    long value = heap[index];
    while (index > 0) {
      int parent = (index - 1) >>> 1;
      if (heap[parent] >= value) {
        break;
      }
      heap[index] = heap[parent];
      index = parent;
    }
    heap[index] = value;
  }

  private void siftDown(int index) {
    long value = heap[index];
    while (true) {
      int child = 2 * index + 1;
      if (child >= size) {
        break;
      }
      if (child + 1 < size && heap[child + 1] > heap[child]) {
        child++;
      }
      if (heap[child] <= value) {
        break;
      }
      heap[index] = heap[child];
      index = child;
    }
    heap[index] = value;
  }
}
