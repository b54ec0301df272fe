/** Dooor cli module. */
package io.dooor.cli;
