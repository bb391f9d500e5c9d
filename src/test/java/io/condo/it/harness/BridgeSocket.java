package io.condo.it.harness;

import io.vertx.core.json.JsonObject;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.time.Duration;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

/**
 * A raw WebSocket to the SockJS bridge ({@code /eventbus/websocket}), speaking the bridge's JSON
 * frames as the browser client does: what a browser, or an attacker with a browser, can say.
 */
public final class BridgeSocket implements AutoCloseable {

  private final BlockingQueue<JsonObject> received;
  private final WebSocket socket;

  private BridgeSocket(WebSocket socket, BlockingQueue<JsonObject> received) {
    this.socket = socket;
    this.received = received;
  }

  public static BridgeSocket open(String baseUrl) throws Exception {
    BlockingQueue<JsonObject> received = new LinkedBlockingQueue<>();
    StringBuilder partial = new StringBuilder();
    WebSocket socket = HttpClient.newHttpClient().newWebSocketBuilder()
        .buildAsync(URI.create(baseUrl.replaceFirst("^http", "ws") + "/eventbus/websocket"), new WebSocket.Listener() {
          @Override
          public CompletionStage<?> onText(WebSocket ws, CharSequence data, boolean last) {
            return frame(ws, data.toString(), last);
          }

          /** The raw transport sends each bridge frame as a binary WebSocket message. */
          @Override
          public CompletionStage<?> onBinary(WebSocket ws, java.nio.ByteBuffer data, boolean last) {
            byte[] bytes = new byte[data.remaining()];
            data.get(bytes);
            return frame(ws, new String(bytes, java.nio.charset.StandardCharsets.UTF_8), last);
          }

          private CompletionStage<?> frame(WebSocket ws, String data, boolean last) {
            partial.append(data);
            if (last) {
              received.add(new JsonObject(partial.toString()));
              partial.setLength(0);
            }
            ws.request(1);
            return null;
          }
        }).get(20, TimeUnit.SECONDS);
    return new BridgeSocket(socket, received);
  }

  public void send(JsonObject frame) {
    socket.sendText(frame.encode(), true).join();
  }

  public void register(String address) {
    send(new JsonObject().put("type", "register").put("address", address));
  }

  public JsonObject next(Predicate<JsonObject> wanted, String what, Duration timeout) throws InterruptedException {
    return Await.next(received, wanted, what, timeout);
  }

  @Override
  public void close() {
    socket.abort();
  }
}
