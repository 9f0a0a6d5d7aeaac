#!/usr/bin/env python
import sys

from sasaeai.cli import main

if __name__ == "__main__":
    sys.exit(main(sys.argv))
