package io.condo.metrics;

import io.vertx.core.MultiMap;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.ServerWebSocket;
import io.vertx.core.net.SocketAddress;
import io.vertx.core.spi.metrics.HttpServerMetrics;
import io.vertx.core.spi.observability.HttpRequest;
import io.vertx.core.spi.observability.HttpResponse;
import java.util.Set;

/**
 * The HTTP server's metrics, passed on to vertx-micrometer-metrics, except for a connection that
 * has no metric of its own: Vert.x accepts connections as soon as its socket is bound and creates
 * the server's metrics just after, so a request on a connection accepted in that moment carries a
 * null connection metric, on which the Micrometer implementation throws, and the request is never
 * answered. Such a connection's requests go uncounted instead; everything else is counted as before.
 *
 * <p>The {@code method} label is bounded: a client may send any token as a method, and each would
 * otherwise become a new series. The methods of RFC 9110 and PATCH keep their name; any other is
 * counted as {@code OTHER}.
 */
final class GuardedHttpServerMetrics<R, W, S> implements HttpServerMetrics<R, W, S> {

  static final Set<String> STANDARD_METHODS =
      Set.of("GET", "HEAD", "POST", "PUT", "DELETE", "CONNECT", "OPTIONS", "TRACE", "PATCH");
  static final HttpMethod OTHER = HttpMethod.valueOf("OTHER");

  private final HttpServerMetrics<R, W, S> metrics;

  GuardedHttpServerMetrics(HttpServerMetrics<R, W, S> metrics) {
    this.metrics = metrics;
  }

  @Override
  public R requestBegin(S socketMetric, HttpRequest request) {
    return socketMetric == null ? null : metrics.requestBegin(socketMetric, bounded(request));
  }

  @Override
  public void requestEnd(R requestMetric, HttpRequest request, long bytesRead) {
    if (requestMetric != null) {
      metrics.requestEnd(requestMetric, bounded(request), bytesRead);
    }
  }

  @Override
  public void requestReset(R requestMetric) {
    if (requestMetric != null) {
      metrics.requestReset(requestMetric);
    }
  }

  @Override
  public void responseBegin(R requestMetric, HttpResponse response) {
    if (requestMetric != null) {
      metrics.responseBegin(requestMetric, response);
    }
  }

  @Override
  public R responsePushed(S socketMetric, HttpMethod method, String uri, HttpResponse response) {
    return socketMetric == null ? null : metrics.responsePushed(socketMetric, bounded(method), uri, response);
  }

  @Override
  public void responseEnd(R requestMetric, HttpResponse response, long bytesWritten) {
    if (requestMetric != null) {
      metrics.responseEnd(requestMetric, response, bytesWritten);
    }
  }

  @Override
  public W connected(S socketMetric, R requestMetric, ServerWebSocket webSocket) {
    return socketMetric == null || requestMetric == null ? null : metrics.connected(socketMetric, requestMetric, webSocket);
  }

  @Override
  public void disconnected(W webSocketMetric) {
    if (webSocketMetric != null) {
      metrics.disconnected(webSocketMetric);
    }
  }

  @Override
  public void requestRouted(R requestMetric, String route) {
    if (requestMetric != null) {
      metrics.requestRouted(requestMetric, route);
    }
  }

  @Override
  public S connected(SocketAddress remoteAddress, String remoteName) {
    return metrics.connected(remoteAddress, remoteName);
  }

  @Override
  public void disconnected(S socketMetric, SocketAddress remoteAddress) {
    if (socketMetric != null) {
      metrics.disconnected(socketMetric, remoteAddress);
    }
  }

  @Override
  public void bytesRead(S socketMetric, SocketAddress remoteAddress, long numberOfBytes) {
    if (socketMetric != null) {
      metrics.bytesRead(socketMetric, remoteAddress, numberOfBytes);
    }
  }

  @Override
  public void bytesWritten(S socketMetric, SocketAddress remoteAddress, long numberOfBytes) {
    if (socketMetric != null) {
      metrics.bytesWritten(socketMetric, remoteAddress, numberOfBytes);
    }
  }

  @Override
  public void exceptionOccurred(S socketMetric, SocketAddress remoteAddress, Throwable t) {
    if (socketMetric != null) {
      metrics.exceptionOccurred(socketMetric, remoteAddress, t);
    }
  }

  @Override
  public void close() {
    metrics.close();
  }

  static HttpMethod bounded(HttpMethod method) {
    return method != null && STANDARD_METHODS.contains(method.name()) ? method : OTHER;
  }

  /** The request as it is, or seen with its method {@link #bounded bounded}. */
  static HttpRequest bounded(HttpRequest request) {
    HttpMethod method = bounded(request.method());
    if (method == request.method()) {
      return request;
    }
    return new HttpRequest() {
      @Override
      public int id() {
        return request.id();
      }

      @Override
      public String uri() {
        return request.uri();
      }

      @Override
      public String absoluteURI() {
        return request.absoluteURI();
      }

      @Override
      public HttpMethod method() {
        return method;
      }

      @Override
      public MultiMap headers() {
        return request.headers();
      }

      @Override
      public SocketAddress remoteAddress() {
        return request.remoteAddress();
      }
    };
  }
}
