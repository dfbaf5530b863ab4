package io.aiecs.governor.agent.http;

/**
 * A push-style JSON scanner: bytes go in as they arrive, split anywhere (a body read chunk by chunk, an SSE event's
 * data lines), and the scalar values come out with the path of object keys that leads to them. It keeps no
 * document, only the current path (keys are captured, string values up to {@link #MAX_CAPTURED} characters and
 * counted in full), so a body of any size is followed in constant memory.
 *
 * <p>Lax by design: it reads well-formed JSON correctly and never throws on anything else; it does not validate.
 * The agent's own scanner rather than a library: the values it needs are a handful of token counts and names at
 * known paths, read while the application's bytes stream past, and a general parser with incremental input
 * (Jackson's non-blocking parser) would add most of a megabyte to an agent jar already at its size budget.
 */
public final class JsonScanner {
  /** Characters of a string value kept for {@link Listener#string}; longer values are cut (their length is not). */
  static final int MAX_CAPTURED = 256;
  private static final int MAX_DEPTH = 64;

  /** What the scanner reports. Paths are read from the scanner during the callback ({@link #depth}, {@link #key}). */
  public interface Listener {
    /** A number (its integral part) at the current path. */
    default void number(JsonScanner at, long value) {}

    /**
     * A string value at the current path: {@code chars} its full length in characters, {@code captured} its first
     * {@link #MAX_CAPTURED} characters.
     */
    default void string(JsonScanner at, CharSequence captured, long chars) {}

    /** A {@code true} or {@code false} at the current path. */
    default void bool(JsonScanner at, boolean value) {}

    /**
     * An object closes; {@link #depth()} still counts it, so the key that led into it is {@code key(depth() - 2)}
     * ({@code key(depth() - 1)} is its own last member's).
     */
    default void endObject(JsonScanner at) {}
  }

  private static final byte OBJECT = 1;
  private static final byte ARRAY = 2;

  private final Listener listener;
  private final byte[] containers = new byte[MAX_DEPTH];
  private final String[] keys = new String[MAX_DEPTH];
  private int depth;
  private boolean expectKey;

  private final StringBuilder text = new StringBuilder();
  private boolean inString;
  private boolean escape;
  private int unicodeDigits = -1;
  private int unicode;
  private long stringChars;
  private boolean stringIsKey;

  private boolean inScalar;
  private long number;
  private boolean negative;
  private boolean fraction;
  private byte literal;

  public JsonScanner(Listener listener) {
    this.listener = listener;
  }

  /** Starts a new document (the next SSE event), forgetting any unfinished one. */
  public void reset() {
    depth = 0;
    expectKey = false;
    inString = false;
    escape = false;
    unicodeDigits = -1;
    inScalar = false;
    text.setLength(0);
  }

  /** Nesting depth of the value being read: 0 at the top level. */
  public int depth() {
    return depth;
  }

  /** The key that leads into level {@code level} (0 = a member of the top-level object), null for an array level. */
  public String key(int level) {
    return level < 0 || level >= depth || level >= MAX_DEPTH ? null : keys[level];
  }

  /** Whether level {@code level} is an array element. */
  public boolean inArray(int level) {
    return level >= 0 && level < depth && level < MAX_DEPTH && containers[level] == ARRAY;
  }

  public void feed(byte[] bytes, int offset, int length) {
    for (int i = offset, end = offset + length; i < end; i++) {
      feed(bytes[i]);
    }
  }

  /** The input ended: a number still being read at the top level is reported. */
  public void end() {
    if (inScalar) {
      finishScalar();
    }
  }

  public void feed(byte b) {
    if (inString) {
      stringByte(b);
      return;
    }
    if (inScalar) {
      if (scalarByte(b)) {
        return;
      }
      finishScalar();
    }
    switch (b) {
      case '{' -> push(OBJECT);
      case '[' -> push(ARRAY);
      case '}' -> {
        if (depth > 0) {
          listener.endObject(this);
        }
        pop();
      }
      case ']' -> pop();
      case ':' -> expectKey = false;
      case ',' -> expectKey = depth > 0 && depth <= MAX_DEPTH && containers[depth - 1] == OBJECT;
      case '"' -> {
        inString = true;
        stringIsKey = expectKey;
        stringChars = 0;
        text.setLength(0);
      }
      case ' ', '\t', '\n', '\r' -> { }
      default -> startScalar(b);
    }
  }

  private void push(byte container) {
    if (depth < MAX_DEPTH) {
      containers[depth] = container;
      keys[depth] = null;
    }
    depth++;
    expectKey = container == OBJECT;
  }

  private void pop() {
    if (depth > 0) {
      depth--;
    }
    expectKey = false;
  }

  private void stringByte(byte b) {
    if (unicodeDigits >= 0) {
      int digit = Character.digit(b, 16);
      unicode = unicode * 16 + Math.max(digit, 0);
      if (++unicodeDigits == 4) {
        unicodeDigits = -1;
        character((char) unicode);
      }
      return;
    }
    if (escape) {
      escape = false;
      switch (b) {
        case 'u' -> {
          unicodeDigits = 0;
          unicode = 0;
        }
        case 'n' -> character('\n');
        case 't' -> character('\t');
        case 'r' -> character('\r');
        case 'b' -> character('\b');
        case 'f' -> character('\f');
        default -> character((char) b);
      }
      return;
    }
    if (b == '\\') {
      escape = true;
    } else if (b == '"') {
      inString = false;
      endString();
    } else if ((b & 0xC0) != 0x80) {
      // the first byte of a UTF-8 sequence (or ASCII): one character; non-ASCII is captured as '?', names
      // and numbers the scanner looks for are ASCII
      character(b >= 0 ? (char) b : '?');
    }
  }

  private void character(char c) {
    stringChars++;
    if (text.length() < MAX_CAPTURED) {
      text.append(c);
    }
  }

  private void endString() {
    if (stringIsKey) {
      if (depth > 0 && depth <= MAX_DEPTH) {
        keys[depth - 1] = text.toString();
      }
      expectKey = false;
    } else {
      listener.string(this, text, stringChars);
    }
  }

  private void startScalar(byte b) {
    inScalar = true;
    number = 0;
    negative = b == '-';
    fraction = false;
    literal = b;
    if (b >= '0' && b <= '9') {
      number = b - '0';
    }
  }

  /** One more byte of a number or literal; false when the byte ends it. */
  private boolean scalarByte(byte b) {
    if (b >= '0' && b <= '9') {
      if (!fraction && number < Long.MAX_VALUE / 10) {
        number = number * 10 + (b - '0');
      }
      return true;
    }
    if (b == '.' || b == 'e' || b == 'E') {
      fraction = true;
      return true;
    }
    return b == '+' || b == '-' || (b >= 'a' && b <= 'z');
  }

  private void finishScalar() {
    inScalar = false;
    switch (literal) {
      case 't' -> listener.bool(this, true);
      case 'f' -> listener.bool(this, false);
      case 'n' -> { }
      default -> {
        if (literal == '-' || (literal >= '0' && literal <= '9')) {
          listener.number(this, negative ? -number : number);
        }
      }
    }
  }
}
