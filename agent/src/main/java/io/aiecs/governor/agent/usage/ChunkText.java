package io.aiecs.governor.agent.usage;

import io.aiecs.governor.agent.runtime.StreamingCall;
import java.util.function.BiConsumer;

/**
 * How much text a stream chunk carries, for estimating the usage of a stream that reports none: the length of
 * the string at a path, or the sum over a list's elements (a chat chunk's {@code choices[].delta.content}).
 */
public final class ChunkText implements BiConsumer<Object, StreamingCall> {
  private final PropertyPath list;
  private final PropertyPath text;

  private ChunkText(PropertyPath list, PropertyPath text) {
    this.list = list;
    this.text = text;
  }

  /** The string at {@code dotted} from the chunk, e.g. {@code outputTextDelta.delta}. */
  public static ChunkText at(String dotted) {
    return new ChunkText(null, PropertyPath.of(dotted.split("\\.")));
  }

  /** The strings at {@code dotted} from each element of the list at {@code listPath}. */
  public static ChunkText inEach(String listPath, String dotted) {
    return new ChunkText(PropertyPath.of(listPath.split("\\.")), PropertyPath.of(dotted.split("\\.")));
  }

  /** Counts the chunk's text towards the call's estimate (used only if the stream reports no usage). */
  @Override
  public void accept(Object chunk, StreamingCall call) {
    long chars = chars(chunk);
    if (chars > 0) {
      call.textChars(chars);
    }
  }

  /** Characters of text in {@code chunk}; 0 when it has none. */
  public long chars(Object chunk) {
    if (list == null) {
      return length(text.read(chunk));
    }
    long n = 0;
    if (list.read(chunk) instanceof Iterable<?> elements) {
      for (Object e : elements) {
        n += length(text.read(e));
      }
    }
    return n;
  }

  private static long length(Object value) {
    return value instanceof CharSequence s ? s.length() : 0;
  }
}
