package io.aiecs.governor.agent.limits;

import java.lang.management.GarbageCollectorMXBean;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.lang.management.MemoryUsage;
import com.sun.management.GarbageCollectionNotificationInfo;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import javax.management.NotificationEmitter;
import javax.management.openmbean.CompositeData;

/**
 * Heap in use as the memory limit sees it: measured right after a garbage collection (what survives), not a
 * momentary reading that swings with every allocation burst.
 */
public interface MemoryGauge {
  /** Bytes of heap in use after the most recent collection; -1 while no collection has happened yet. */
  long usedAfterGcBytes();

  /** The JVM's heap, from the memory pool MXBeans; created on first use (JMX is not touched otherwise). */
  static MemoryGauge heap() {
    return HeapAfterGc.INSTANCE;
  }

  /**
   * Keeps the heap in use after the latest collection, from each GC notification's after-GC pool usage (a young
   * collection reports the old generation as it stands too), so that admissions read a volatile field instead
   * of asking the MXBeans, which allocate, on every call.
   */
  final class HeapAfterGc implements MemoryGauge {
    static final HeapAfterGc INSTANCE = new HeapAfterGc();

    private final Set<String> heapPools = new HashSet<>();
    private volatile long used;

    private HeapAfterGc() {
      for (MemoryPoolMXBean pool : ManagementFactory.getMemoryPoolMXBeans()) {
        if (pool.getType() == MemoryType.HEAP) {
          heapPools.add(pool.getName());
        }
      }
      used = collectionUsage();
      for (GarbageCollectorMXBean gc : ManagementFactory.getGarbageCollectorMXBeans()) {
        if (gc instanceof NotificationEmitter emitter) {
          emitter.addNotificationListener((notification, handback) -> {
            if (GarbageCollectionNotificationInfo.GARBAGE_COLLECTION_NOTIFICATION.equals(notification.getType())) {
              used = afterGc(GarbageCollectionNotificationInfo.from((CompositeData) notification.getUserData()));
            }
          }, null, null);
        }
      }
    }

    @Override
    public long usedAfterGcBytes() {
      return used;
    }

    private long afterGc(GarbageCollectionNotificationInfo info) {
      long sum = 0;
      for (Map.Entry<String, MemoryUsage> e : info.getGcInfo().getMemoryUsageAfterGc().entrySet()) {
        if (heapPools.contains(e.getKey())) {
          sum += e.getValue().getUsed();
        }
      }
      return sum;
    }

    /** Before the first notification: what the pools recorded at their last collection, if any. */
    private static long collectionUsage() {
      long sum = 0;
      boolean collected = false;
      for (MemoryPoolMXBean pool : ManagementFactory.getMemoryPoolMXBeans()) {
        MemoryUsage after = pool.getType() == MemoryType.HEAP ? pool.getCollectionUsage() : null;
        if (after != null) {
          sum += after.getUsed();
          collected |= after.getCommitted() > 0;
        }
      }
      return collected ? sum : -1;
    }
  }
}
