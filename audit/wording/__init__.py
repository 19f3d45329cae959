"""How outlets word the same claim: the words each uses where another uses different ones in
aligned sentences (`substitutions`), and the tone of the words around each main named actor
(`actors`). Runs after alignment (`stage`)."""
