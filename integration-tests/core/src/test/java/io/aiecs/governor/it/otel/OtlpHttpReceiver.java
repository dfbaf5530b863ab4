package io.aiecs.governor.it.otel;

import com.sun.net.httpserver.HttpServer;
import io.opentelemetry.proto.collector.metrics.v1.ExportMetricsServiceRequest;
import io.opentelemetry.proto.collector.metrics.v1.ExportMetricsServiceResponse;
import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceRequest;
import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceResponse;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;

/** OTLP/HTTP with protobuf bodies ({@code POST /v1/metrics} and {@code /v1/traces}), on a free loopback port. */
public final class OtlpHttpReceiver extends OtlpReceiver {
  private final HttpServer server;

  public OtlpHttpReceiver() throws IOException {
    server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 16);
    route("/v1/metrics", bytes -> received(ExportMetricsServiceRequest.parseFrom(bytes)),
        ExportMetricsServiceResponse.getDefaultInstance().toByteArray());
    route("/v1/traces", bytes -> receivedTraces(ExportTraceServiceRequest.parseFrom(bytes)),
        ExportTraceServiceResponse.getDefaultInstance().toByteArray());
    server.start();
  }

  /** Decodes one request body. */
  private interface Decoder {
    void decode(byte[] body) throws IOException;
  }

  private void route(String path, Decoder decoder, byte[] ok) {
    server.createContext(path, exchange -> {
      try (InputStream body = exchange.getRequestBody()) {
        decoder.decode(body.readAllBytes());
        exchange.getResponseHeaders().add("Content-Type", "application/x-protobuf");
        exchange.sendResponseHeaders(200, ok.length == 0 ? -1 : ok.length);
        exchange.getResponseBody().write(ok);
      } catch (IOException | RuntimeException e) {
        exchange.sendResponseHeaders(400, -1);
      } finally {
        exchange.close();
      }
    });
  }

  @Override
  public String endpoint() {
    return "http://127.0.0.1:" + server.getAddress().getPort();
  }

  @Override
  public void close() {
    server.stop(0);
  }
}
