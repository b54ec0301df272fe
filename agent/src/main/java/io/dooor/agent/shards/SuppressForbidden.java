package io.dooor.agent.shards;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Lets one class use the JDK's {@code com.sun.net.httpserver} (module jdk.httpserver, a supported
 * and exported API) past forbiddenapis' jdk-non-portable list, which bans all of {@code com.sun.*}.
 */
@Retention(RetentionPolicy.CLASS)
@Target(ElementType.TYPE)
@interface SuppressForbidden {
  /** Why. */
  String value();
}
