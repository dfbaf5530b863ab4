package io.aiecs.governor.agent.telemetry;

import io.aiecs.governor.agent.runtime.CallSite;
import java.util.concurrent.atomic.AtomicReferenceArray;

/**
 * A small, bounded, lock-free cache of {@link CallAttributes}, looked up without building a key object: the
 * slot comes from a hash of the call's facts and its entry is compared field by field. A miss (a new
 * combination, or two combinations sharing a slot) builds and stores a fresh entry; the cache never grows, so
 * an unexpected number of models costs rebuilds, never memory.
 */
final class CallAttributesCache {
  private final AtomicReferenceArray<CallAttributes> slots;
  private final int mask;

  /** @param size a power of two */
  CallAttributesCache(int size) {
    if (Integer.bitCount(size) != 1) {
      throw new IllegalArgumentException("size must be a power of two: " + size);
    }
    this.slots = new AtomicReferenceArray<>(size);
    this.mask = size - 1;
  }

  CallAttributes get(CallSite site, String agentId, String requestModel, String responseModel, String serverUrl) {
    int h = CallAttributes.hash(site, agentId, requestModel, responseModel, serverUrl);
    int slot = (h ^ (h >>> 16)) & mask;
    CallAttributes e = slots.get(slot);
    if (e != null && e.matches(site, agentId, requestModel, responseModel, serverUrl)) {
      return e;
    }
    CallAttributes fresh = new CallAttributes(site, agentId, requestModel, responseModel, serverUrl);
    slots.set(slot, fresh);
    return fresh;
  }
}
