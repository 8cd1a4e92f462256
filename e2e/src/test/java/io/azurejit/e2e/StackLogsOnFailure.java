package io.azurejit.e2e;

import java.lang.reflect.Field;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.TestWatcher;

/** Prints every process log of a test class's {@code static Stack stack} when a test fails. */
final class StackLogsOnFailure implements TestWatcher {

  @Override
  public void testFailed(ExtensionContext context, Throwable cause) {
    try {
      Field field = context.getRequiredTestClass().getDeclaredField("stack");
      field.setAccessible(true);
      Object stack = field.get(null);
      if (stack instanceof Stack running) {
        System.err.println("Logs of the stack after the failure of " + context.getDisplayName());
        System.err.println(running.logs());
      }
    } catch (ReflectiveOperationException e) {
      System.err.println("no stack to print logs of: " + e.getMessage());
    }
  }
}
