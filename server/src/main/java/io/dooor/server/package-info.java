/** Dooor server module. */
package io.dooor.server;
