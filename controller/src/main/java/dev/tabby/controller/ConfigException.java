package dev.tabby.controller;

/** Configuration that cannot be used; the message is one line saying which setting and why. */
final class ConfigException extends RuntimeException {
  ConfigException(String message) {
    super(message);
  }
}
