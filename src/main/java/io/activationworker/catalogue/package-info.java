/** The product catalogue: which product names exist and their maximum seats per subscription. */
package io.activationworker.catalogue;
