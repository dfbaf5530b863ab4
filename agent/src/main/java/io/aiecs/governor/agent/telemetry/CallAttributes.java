package io.aiecs.governor.agent.telemetry;

import static io.aiecs.governor.agent.telemetry.TelemetryNames.AGENT_ID;
import static io.aiecs.governor.agent.telemetry.TelemetryNames.OPERATION_NAME;
import static io.aiecs.governor.agent.telemetry.TelemetryNames.PROVIDER_NAME;
import static io.aiecs.governor.agent.telemetry.TelemetryNames.REQUEST_MODEL;
import static io.aiecs.governor.agent.telemetry.TelemetryNames.RESPONSE_MODEL;
import static io.aiecs.governor.agent.telemetry.TelemetryNames.SERVER_ADDRESS;
import static io.aiecs.governor.agent.telemetry.TelemetryNames.SERVER_PORT;
import static io.aiecs.governor.agent.telemetry.TelemetryNames.TOKEN_TYPE;

import io.aiecs.governor.agent.runtime.CallSite;
import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.api.common.AttributesBuilder;
import java.net.URI;
import java.util.Objects;

/**
 * The attribute sets of one kind of call: one site, agent, request model, response model and server. Built
 * once per combination and reused (see {@link CallAttributesCache}), so recording a call allocates nothing.
 * Only the values below ever become attributes: names of models and servers, never prompts, keys or content.
 */
final class CallAttributes {
  final CallSite site;
  final String agentId;
  final String requestModel;
  final String responseModel;
  final String serverUrl;

  /** GenAI attributes plus the agent: for the operation duration of a successful call. */
  final Attributes genAi;
  final Attributes inputTokens;
  final Attributes outputTokens;
  /** For {@code aiecs.governor.tokens}: agent, provider, request model and the token type. */
  final Attributes governorInput;
  final Attributes governorOutput;
  final Attributes governorCached;
  final Attributes governorReasoning;

  CallAttributes(CallSite site, String agentId, String requestModel, String responseModel, String serverUrl) {
    this.site = site;
    this.agentId = agentId;
    this.requestModel = requestModel;
    this.responseModel = responseModel;
    this.serverUrl = serverUrl;

    AttributesBuilder b = Attributes.builder()
        .put(OPERATION_NAME, site.semantics().operationName())
        .put(PROVIDER_NAME, site.semantics().providerName())
        .put(AGENT_ID, agentId);
    putIfPresent(b, REQUEST_MODEL, requestModel);
    putIfPresent(b, RESPONSE_MODEL, responseModel);
    putServer(b, serverUrl);
    this.genAi = b.build();
    this.inputTokens = genAi.toBuilder().put(TOKEN_TYPE, "input").build();
    this.outputTokens = genAi.toBuilder().put(TOKEN_TYPE, "output").build();

    AttributesBuilder g = Attributes.builder()
        .put(AGENT_ID, agentId)
        .put(PROVIDER_NAME, site.semantics().providerName());
    putIfPresent(g, REQUEST_MODEL, requestModel);
    Attributes governor = g.build();
    this.governorInput = governor.toBuilder().put(TOKEN_TYPE, "input").build();
    this.governorOutput = governor.toBuilder().put(TOKEN_TYPE, "output").build();
    this.governorCached = governor.toBuilder().put(TOKEN_TYPE, "cached").build();
    this.governorReasoning = governor.toBuilder().put(TOKEN_TYPE, "reasoning").build();
  }

  boolean matches(CallSite site, String agentId, String requestModel, String responseModel, String serverUrl) {
    return this.site == site && this.agentId.equals(agentId) && Objects.equals(this.requestModel, requestModel)
        && Objects.equals(this.responseModel, responseModel) && Objects.equals(this.serverUrl, serverUrl);
  }

  static int hash(CallSite site, String agentId, String requestModel, String responseModel, String serverUrl) {
    int h = site.id();
    h = 31 * h + agentId.hashCode();
    h = 31 * h + (requestModel == null ? 0 : requestModel.hashCode());
    h = 31 * h + (responseModel == null ? 0 : responseModel.hashCode());
    return 31 * h + (serverUrl == null ? 0 : serverUrl.hashCode());
  }

  private static void putIfPresent(AttributesBuilder b, io.opentelemetry.api.common.AttributeKey<String> key,
                                   String value) {
    if (value != null && !value.isEmpty()) {
      b.put(key, value);
    }
  }

  /** server.address and server.port from a base URL; the port defaults by scheme, as URLs do. */
  static void putServer(AttributesBuilder b, String url) {
    if (url == null) {
      return;
    }
    try {
      URI uri = URI.create(url);
      if (uri.getHost() == null) {
        return;
      }
      b.put(SERVER_ADDRESS, uri.getHost());
      int port = uri.getPort();
      if (port < 0) {
        port = "http".equalsIgnoreCase(uri.getScheme()) ? 80 : "https".equalsIgnoreCase(uri.getScheme()) ? 443 : -1;
      }
      if (port > 0) {
        b.put(SERVER_PORT, (long) port);
      }
    } catch (IllegalArgumentException e) {
      // not a URL: no server attributes
    }
  }
}
