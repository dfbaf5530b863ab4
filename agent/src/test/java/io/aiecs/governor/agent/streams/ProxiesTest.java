package io.aiecs.governor.agent.streams;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.lang.reflect.Proxy;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Wrapping a library object in a proxy of its public interfaces, with what a class needs looked up once. */
class ProxiesTest {
  public interface Source {
    String next();

    Source self();

    void fail();
  }

  static final class Lib implements Source {
    private final String name;

    Lib(String name) {
      this.name = name;
    }

    @Override
    public String next() {
      return name;
    }

    @Override
    public Source self() {
      return this;
    }

    @Override
    public void fail() {
      throw new IllegalStateException("from " + name);
    }

    @Override
    public String toString() {
      return "lib " + name;
    }
  }

  @Test
  void everyWrapOfTheSameClassForwardsToItsOwnTarget() {
    List<String> seen = new ArrayList<>();
    Source first = (Source) Proxies.wrap(new Lib("a"), (target, method, args) -> {
      seen.add("a:" + method.getName());
      return Proxies.forward(target, method, args);
    });
    Source second = (Source) Proxies.wrap(new Lib("b"), (target, method, args) -> {
      seen.add("b:" + method.getName());
      return Proxies.forward(target, method, args);
    });
    Source third = (Source) Proxies.wrap(new Lib("c"), Proxies::forward);

    assertThat(Proxy.isProxyClass(second.getClass())).isTrue();
    assertThat(second.getClass()).isSameAs(first.getClass());
    assertThat(List.of(first.next(), second.next(), third.next(), first.next())).containsExactly("a", "b", "c", "a");
    assertThat(seen).containsExactly("a:next", "b:next", "a:next");
    assertThat(second.toString()).isEqualTo("lib b");
  }

  @Test
  void aFluentMethodReturnsTheWrapperAndAThrownExceptionPassesAsItIs() {
    Source wrapped = (Source) Proxies.wrap(new Lib("a"), Proxies::forward);

    assertThat(wrapped.self()).isSameAs(wrapped);
    assertThatThrownBy(wrapped::fail).isInstanceOf(IllegalStateException.class).hasMessage("from a");
  }

  @Test
  void anInterfaceMethodIsFoundOrNullEveryTimeItIsAskedFor() {
    Lib lib = new Lib("a");

    for (int i = 0; i < 2; i++) { // the second answers from what the first looked up
      assertThat(Proxies.interfaceMethod(lib, "next")).isNotNull()
          .satisfies(m -> assertThat(m.getDeclaringClass()).isEqualTo(Source.class));
      assertThat(Proxies.interfaceMethod(lib, "close")).isNull();
    }
  }

  @Test
  void anObjectWithoutPublicInterfacesIsNotWrapped() {
    Object plain = new Object();

    assertThat(Proxies.wrap(plain, Proxies::forward)).isSameAs(plain);
  }
}
