package io.warren.apps;

import java.util.function.Consumer;

/** Splits text into words: maximal runs of letters, by code point, so letters outside the BMP count too. */
final class Words {
    static void forEach(String text, Consumer<String> word) {
        int start = -1;
        int i = 0;
        while (i < text.length()) {
            int cp = text.codePointAt(i);
            if (Character.isLetter(cp)) {
                if (start < 0) start = i;
            } else if (start >= 0) {
                word.accept(text.substring(start, i));
                start = -1;
            }
            i += Character.charCount(cp);
        }
        if (start >= 0) word.accept(text.substring(start));
    }

    private Words() {
    }
}
