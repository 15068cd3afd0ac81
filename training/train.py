#!/usr/bin/python3
"""Train, calibrate and export one Fractify model:  /usr/bin/python3 training/train.py chest_xray"""
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from fractify_train.pipeline import main  # noqa: E402

if __name__ == "__main__":
    main()
