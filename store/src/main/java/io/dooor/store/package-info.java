/** Dooor store module. */
package io.dooor.store;
