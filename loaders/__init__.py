"""Reading policy documents: decoding, format readers, cleaning, document splitting, heading
structure, responsibility annotations, tasks and entity mentions."""
