package io.infersight.tracing;

/**
 * The OTLP transport of {@link InfersightTracingBuilder}.
 *
 * <pre>{@code
 * InfersightTracing.sdkBuilder().protocol(OtlpProtocol.HTTP_PROTOBUF).endpoint("http://tempo:4318").build();
 * }</pre>
 *
 * @since 0.1.0
 */
public enum OtlpProtocol {
  /** OTLP over gRPC, by default to port 4317. */
  GRPC,
  /** OTLP over HTTP with protobuf bodies, by default to port 4318, path {@code /v1/traces}. */
  HTTP_PROTOBUF;

  /** The name OpenTelemetry's {@code OTEL_EXPORTER_OTLP_PROTOCOL} uses for this transport. */
  String otelName() {
    return switch (this) {
      case GRPC -> "grpc";
      case HTTP_PROTOBUF -> "http/protobuf";
    };
  }
}
