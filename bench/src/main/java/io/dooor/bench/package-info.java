/** Dooor bench module. */
package io.dooor.bench;
