"""newsmt: turns Russian- and Ukrainian-language news into German articles in house style."""

__version__ = "0.1.0"
