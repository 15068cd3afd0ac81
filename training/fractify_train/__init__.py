"""Fractify model training pipeline: one config per modality, one command per model.

    /usr/bin/python3 training/train.py <modality>
"""
