package io.aiecs.governor.agent.usage;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.lang.reflect.Method;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import java.util.function.ToLongFunction;
import net.bytebuddy.jar.asm.ClassWriter;
import net.bytebuddy.jar.asm.MethodVisitor;
import net.bytebuddy.jar.asm.Opcodes;
import net.bytebuddy.jar.asm.Type;

/**
 * A small class calling one public no-argument method directly, defined beside the method's declaring class (same
 * class loader and package), implementing a JDK interface the agent can call through.
 *
 * <p>Why: the profile of a governed host showed a read through a method handle costing ~0.3 µs there (against
 * ~20 ns with warm caches), most of it in the handle's invoker, a chain of dependent loads through the handle, its
 * lambda form and its member name that the client's own work between two calls pushes out of the caches. A direct
 * call through an interface costs the receiver's class and one itable entry. Where a class cannot be defined there
 * (a package of a named module not open to the agent), {@code null} is returned and the caller keeps its handle.
 */
final class DirectAccessor {
  /** Makes each defined class's name unique in its package (several paths may read the same method). */
  private static final AtomicInteger SEQUENCE = new AtomicInteger();

  private DirectAccessor() {}

  /** {@code o -> ((Owner) o).name()}, primitives boxed; null when it cannot be defined. */
  @SuppressWarnings("unchecked")
  static Function<Object, Object> reading(Method method) {
    return (Function<Object, Object>) define(method, false);
  }

  /** {@code o -> (long) ((Owner) o).name()} for a method returning long, int, short, byte or char; else null. */
  @SuppressWarnings("unchecked")
  static ToLongFunction<Object> readingLong(Method method) {
    Class<?> r = method.getReturnType();
    boolean integral = r == long.class || r == int.class || r == short.class || r == byte.class || r == char.class;
    return integral ? (ToLongFunction<Object>) define(method, true) : null;
  }

  private static Object define(Method method, boolean asLong) {
    try {
      Class<?> owner = method.getDeclaringClass();
      MethodHandles.Lookup there = MethodHandles.privateLookupIn(owner, MethodHandles.lookup());
      String ownerName = Type.getInternalName(owner);
      String name = ownerName.substring(0, ownerName.lastIndexOf('/') + 1) + "AiecsGovernorRead$"
          + method.getName() + "$" + SEQUENCE.incrementAndGet();
      Class<?> defined = there.defineClass(bytes(name, ownerName, owner.isInterface(), method, asLong));
      return there.findConstructor(defined, MethodType.methodType(void.class)).invoke();
    } catch (Throwable e) { // not definable there: the caller reads through a method handle instead
      return null;
    }
  }

  private static byte[] bytes(String name, String owner, boolean ownerIsInterface, Method method, boolean asLong) {
    String function = asLong ? "java/util/function/ToLongFunction" : "java/util/function/Function";
    ClassWriter cw = new ClassWriter(ClassWriter.COMPUTE_MAXS);
    cw.visit(Opcodes.V11, Opcodes.ACC_PUBLIC | Opcodes.ACC_FINAL | Opcodes.ACC_SUPER | Opcodes.ACC_SYNTHETIC, name,
        null, "java/lang/Object", new String[] {function});
    MethodVisitor init = cw.visitMethod(Opcodes.ACC_PUBLIC, "<init>", "()V", null, null);
    init.visitCode();
    init.visitVarInsn(Opcodes.ALOAD, 0);
    init.visitMethodInsn(Opcodes.INVOKESPECIAL, "java/lang/Object", "<init>", "()V", false);
    init.visitInsn(Opcodes.RETURN);
    init.visitMaxs(0, 0);
    init.visitEnd();
    MethodVisitor apply = cw.visitMethod(Opcodes.ACC_PUBLIC, asLong ? "applyAsLong" : "apply",
        asLong ? "(Ljava/lang/Object;)J" : "(Ljava/lang/Object;)Ljava/lang/Object;", null, null);
    apply.visitCode();
    apply.visitVarInsn(Opcodes.ALOAD, 1);
    apply.visitTypeInsn(Opcodes.CHECKCAST, owner);
    apply.visitMethodInsn(ownerIsInterface ? Opcodes.INVOKEINTERFACE : Opcodes.INVOKEVIRTUAL, owner,
        method.getName(), Type.getMethodDescriptor(method), ownerIsInterface);
    Type returned = Type.getType(method.getReturnType());
    if (asLong) {
      if (returned.getSort() != Type.LONG) {
        apply.visitInsn(Opcodes.I2L);
      }
      apply.visitInsn(Opcodes.LRETURN);
    } else {
      box(apply, returned);
      apply.visitInsn(Opcodes.ARETURN);
    }
    apply.visitMaxs(0, 0);
    apply.visitEnd();
    cw.visitEnd();
    return cw.toByteArray();
  }

  /** {@code Long.valueOf} and its kin for a primitive on the stack; nothing for a reference. */
  private static void box(MethodVisitor mv, Type t) {
    String wrapper = switch (t.getSort()) {
      case Type.BOOLEAN -> "java/lang/Boolean";
      case Type.CHAR -> "java/lang/Character";
      case Type.BYTE -> "java/lang/Byte";
      case Type.SHORT -> "java/lang/Short";
      case Type.INT -> "java/lang/Integer";
      case Type.LONG -> "java/lang/Long";
      case Type.FLOAT -> "java/lang/Float";
      case Type.DOUBLE -> "java/lang/Double";
      default -> null;
    };
    if (wrapper != null) {
      mv.visitMethodInsn(Opcodes.INVOKESTATIC, wrapper, "valueOf", "(" + t.getDescriptor() + ")L" + wrapper + ";",
          false);
    }
  }
}
