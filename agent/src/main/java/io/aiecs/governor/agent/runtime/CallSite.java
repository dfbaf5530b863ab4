package io.aiecs.governor.agent.runtime;

import io.aiecs.governor.agent.usage.UsageShape;

/**
 * One kind of governed call, e.g. OpenAI chat completions: what library and operation it is, and where its
 * response keeps usage. Advice refers to a site by its index, bound as a constant when the class is woven.
 */
public record CallSite(int id, String library, String operation, UsageShape usage) {}
