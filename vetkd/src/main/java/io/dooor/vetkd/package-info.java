/** Dooor vetkd module. */
package io.dooor.vetkd;
