"""policykg: Chinese government policy documents in, a knowledge graph of plans, tasks,
responsibilities and the entities they name out.

The Python API and the ``policykg`` command share this core::

    import policykg
    kg = policykg.build(["corpus/"])
    policykg.write(kg, "policykg-out")
"""

__version__ = "0.1.0"
