#!/usr/bin/env python3
"""Tests of tools/model/train.py that need no corpus and no build: a tiny training run on
made-up feature rows is deterministic and learns its data; gold spans align to tokens as BIO.
usage: python3 tools/model/test_train.py"""
import os, sys, unittest
import numpy as np
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import train  # noqa: E402


def tiny_items():
    # Two made-up "sentences": rows 1..4 are word features, 5 a shared bias row.
    # Labels: O, B-person, I-person / B-city, O.
    b_person, i_person, b_city = train.LABELS.index("B-person"), train.LABELS.index("I-person"), train.LABELS.index("B-city")
    def rows(*ws):
        r = np.zeros((len(ws), train.SLOTS), dtype=np.int64)
        for k, w in enumerate(ws):
            r[k, 0] = 5; r[k, 1] = w
        return r
    return [(rows(1, 2, 3), np.array([0, b_person, i_person])), (rows(4, 1), np.array([b_city, 0]))]


class TrainTests(unittest.TestCase):
    def test_tiny_run_is_deterministic_and_fits(self):
        items = tiny_items()
        a = train.train(items, 8, 5, seed=3)
        b = train.train(items, 8, 5, seed=3)
        for x, y in zip(a, b):
            self.assertTrue(np.array_equal(x, y))
        W, T, S = a
        p = train.Perceptron.__new__(train.Perceptron)
        for rows, gold in items:
            pred = p.viterbi(W[rows].sum(axis=1), T, S)
            self.assertEqual(pred.tolist(), gold.tolist())
        self.assertTrue((W[0] == 0).all(), "row 0 (empty slot) keeps zero weights")

    def test_bio_alignment(self):
        doc = {"text": "Mr Ri’s son", "spans": [{"start": 3, "end": 5, "label": "PERSON"}]}
        # Tokens in UTF-8 bytes: "Mr" 0-2, "Ri’s" 3-9 (’ is 3 bytes), "son" 10-13.
        labels = train.bio(doc, [[0, 2, 1], [3, 9, 0], [10, 13, 0]])
        self.assertEqual([train.LABELS[i] for i in labels], ["O", "O", "O"])  # 2 of 6 bytes: under half
        doc["spans"][0]["end"] = 7
        labels = train.bio(doc, [[0, 2, 1], [3, 9, 0], [10, 13, 0]])
        self.assertEqual([train.LABELS[i] for i in labels], ["O", "B-person", "O"])


if __name__ == "__main__":
    unittest.main()
