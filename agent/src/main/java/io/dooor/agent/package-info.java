/** Dooor agent module. */
package io.dooor.agent;
