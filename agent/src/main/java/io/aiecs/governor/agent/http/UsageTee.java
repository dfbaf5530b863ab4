package io.aiecs.governor.agent.http;

import io.aiecs.governor.agent.runtime.StreamingCall;
import java.io.OutputStream;
import java.nio.ByteBuffer;

/**
 * The copy of a response body the governor reads while the application reads the body itself: every byte the
 * application gets is written here too, on the application's own thread, and scanned on the spot (no buffering,
 * no other thread, nothing the application waits for beyond the scan). A plain JSON body is one document; an SSE
 * body ({@code text/event-stream}) is followed event by event, each event's {@code data:} lines being one
 * document ({@code [DONE]} and other fields are ignored).
 *
 * <p>The usage found goes to the {@link StreamingCall}; the end of the body completes it, an early close cancels it
 * and a failure fails it. Faults of the scan are the agent's: they stop the scan, never the application's read.
 */
public final class UsageTee extends OutputStream implements UsageReader.Sink {
  private static final int LINE_START = 0;
  private static final int FIELD = 1;
  private static final int DATA = 2;
  private static final int SKIP = 3;

  private final StreamingCall call;
  private final JsonScanner scanner;
  private final boolean sse;
  private boolean broken;

  private int state = LINE_START;
  private final byte[] field = new byte[8];
  private int fieldLength;
  private boolean eventHasData;
  private boolean lastWasCr;
  private byte[] copy;

  /**
   * @param sse whether the body is an event stream (the response's content type, or the request asked for a stream
   *            and the response says nothing else)
   */
  public UsageTee(StreamingCall call, boolean sse) {
    this.call = call;
    this.sse = sse;
    this.scanner = new JsonScanner(new UsageReader(this));
  }

  /** Whether a response of this content type (may be null) from a request that did or did not ask to stream is SSE. */
  public static boolean isEventStream(String contentType, boolean requestedStream) {
    if (contentType == null || contentType.isEmpty()) {
      return requestedStream;
    }
    return contentType.regionMatches(true, 0, "text/event-stream", 0, "text/event-stream".length());
  }

  public StreamingCall call() {
    return call;
  }

  @Override
  public void write(int b) {
    if (!broken) {
      try {
        accept((byte) b);
      } catch (RuntimeException e) {
        broken = true;
      }
    }
  }

  @Override
  public void write(byte[] bytes, int offset, int length) {
    if (broken) {
      return;
    }
    try {
      for (int i = offset, end = offset + length; i < end; i++) {
        accept(bytes[i]);
      }
    } catch (RuntimeException e) {
      broken = true;
    }
  }

  /** The bytes between the buffer's position and limit; the buffer itself is left as it is. */
  public void write(ByteBuffer buffer) {
    if (broken || !buffer.hasRemaining()) {
      return;
    }
    if (buffer.hasArray()) {
      write(buffer.array(), buffer.arrayOffset() + buffer.position(), buffer.remaining());
      return;
    }
    ByteBuffer view = buffer.duplicate();
    if (copy == null) {
      copy = new byte[8192];
    }
    while (view.hasRemaining()) {
      int n = Math.min(copy.length, view.remaining());
      view.get(copy, 0, n);
      write(copy, 0, n);
    }
  }

  /** The body was read to its end: the call completes with the usage found. */
  public void end() {
    if (!broken) {
      try {
        if (sse) {
          dispatch();
        } else {
          scanner.end();
        }
      } catch (RuntimeException e) {
        broken = true;
      }
    }
    call.complete();
  }

  /** The body was closed, cancelled or dropped before its end: what arrived is charged. */
  public void abandon() {
    call.cancel();
  }

  /** Reading the body failed; returns the exception to deliver instead, or null. */
  public Throwable fail(Throwable error) {
    return call.fail(error);
  }

  @Override
  public void close() {
    abandon();
  }

  private void accept(byte b) {
    if (!sse) {
      scanner.feed(b);
      return;
    }
    if (b == '\n' && lastWasCr) {
      lastWasCr = false;
      return; // the second half of a CRLF
    }
    lastWasCr = b == '\r';
    boolean newline = b == '\n' || b == '\r';
    switch (state) {
      case LINE_START, FIELD -> {
        if (newline) {
          if (state == LINE_START) {
            dispatch(); // an empty line ends the event
          }
          state = LINE_START;
        } else if (b == ':') {
          boolean data = fieldLength == 4 && field[0] == 'd' && field[1] == 'a' && field[2] == 't' && field[3] == 'a';
          state = data ? DATA : SKIP;
          if (data) {
            if (eventHasData) {
              scanner.feed((byte) '\n'); // data lines of one event join with a newline
            }
            eventHasData = true;
            fieldLength = -1; // marks: the optional space after the colon not seen yet
          }
        } else {
          if (state == LINE_START) {
            fieldLength = 0;
            state = FIELD;
          }
          if (fieldLength < field.length) {
            field[fieldLength] = b;
          }
          fieldLength++;
        }
      }
      case DATA -> {
        if (newline) {
          state = LINE_START;
        } else if (fieldLength == -1 && b == ' ') {
          fieldLength = 0;
        } else {
          fieldLength = 0;
          scanner.feed(b);
        }
      }
      default -> {
        if (newline) {
          state = LINE_START;
        }
      }
    }
  }

  private void dispatch() {
    if (eventHasData) {
      scanner.end();
      scanner.reset();
      eventHasData = false;
    }
  }

  @Override
  public void usage(long input, long output, long total, long cached, long reasoning) {
    call.usage(input, output, total, cached, reasoning);
  }

  @Override
  public void text(long chars) {
    call.textChars(chars);
  }
}
