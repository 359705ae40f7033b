"""Orders sent as a file: fetch the media Twilio holds for a message, read it into order lines (issue 14).

    fetch.py    the one way a media URL is fetched: Twilio's API of this account only, a few types, 5 MB
    sheets.py   XLSX and CSV: product and quantity columns found by header words (nlu.sheets)
    pdf.py      a PDF's text layer, line by line
    ocr.py      a photo: deskew, binarise, Tesseract, one text line per printed line with its confidence
    read.py     a fetched file -> `Reading` (order lines as text, how it was read, why not)
    models.py   media_files: the fetched bytes, kept with the inbound message for the review screen

Everything here runs in the rq job that processes the message (bot.jobs), never in the webhook.
The conversation side is bot/conversation/media.py; docs/media.md describes it for people.
"""
