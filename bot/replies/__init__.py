"""Every text the bot sends, built in one place: WhatsApp *bold*, ₹ amounts, at most 1,600 characters.

Functions here take plain values (order views, quotes, summaries, names) and
return text; `to_replies(text)` cuts a long text into numbered parts "(1/2)"
at line breaks, so a big draft arrives as a few readable messages. Nothing here
reads the database: the conversation (and the ops console, for the messages it
sends) gathers the values and picks the function.

Callers write `from bot import replies` and `replies.draft(...)`; the texts live
in one module per idea and this package names them all:

- shape: the 1,600-character limit, parts, quantities, times, state words
- drafts: the priced draft, questions about unclear items, a draft before the YES
- pieces: an order sent in pieces: what a message changed in the open draft
- confirmation: confirmed, short of stock, blocked by credit
- claims: a claim about goods that came, recorded, then approved (a credit note) or not
- which: several drafts wait for the YES: which one a YES is for
- approvals: held for credit or a special price, and the approver's answer
- questions: his price, the schemes open to him, stock, an order's bill
- status: where an order is, cancelling it, staff moving it along
- account: balance, statement, payments, overdue reminders
- payments: a payment told on WhatsApp, noted, then verified or not
- people: greetings, help, welcome, unknown numbers, sales reps
- language: the language a dealer chose, confirmed in it (every text goes through bot.i18n's _())
- fallbacks: what the bot says when it cannot act on a message
"""

from __future__ import annotations

from bot.replies.account import (
    HOW_TO_PAY,
    SHOWN_REFS,
    balance,
    entry_word,
    payment_received,
    payment_reminder,
    statement,
)
from bot.replies.approvals import (
    held,
    hold_approved,
    hold_rejected,
    price_exception_approved,
    price_exception_rejected,
    price_pending,
    zero_price_pending,
    zero_price_rejected,
)
from bot.replies.claims import (
    REASON_WORDS,
    claim_approved,
    claim_recorded,
    claim_rejected,
    open_claims,
    reason_word,
)
from bot.replies.confirmation import blocked, confirmed
from bot.replies.drafts import (
    ask_pick,
    ask_quantity,
    draft,
    draft_checked,
    draft_dropped,
    draft_expired,
    empty_order,
    gst_line,
    noted,
    nothing_to_confirm,
    nothing_to_repeat,
    pick_again,
    price_problem,
    sent_to_review,
    yes_while_in_review,
)
from bot.replies.fallbacks import (
    bill_asked,
    claim_and_order,
    empty_message,
    file_mentioned,
    media_received,
    not_understood,
    please_wait,
    review_rejected,
    too_long,
    went_wrong,
)
from bot.replies.language import language_follows_writing, language_set
from bot.replies.media import photo_to_person, read_from_file
from bot.replies.payments import (
    mode_word,
    payment_not_verified,
    payment_noted,
    payment_noted_before,
    payment_verified,
)
from bot.replies.people import (
    EXAMPLES,
    for_the_shop,
    greeting,
    help_menu,
    inactive_account,
    not_your_shop,
    rep_ask_dealer,
    rep_no_dealers,
    rep_not_assigned,
    rep_unknown_shop,
    thanks,
    unknown_sender,
    welcome_dealer,
)
from bot.replies.pieces import (
    DraftChange,
    changes_said,
    draft_changes,
    draft_emptied,
    draft_expired_new,
    draft_unchanged,
    new_order_items,
)
from bot.replies.questions import (
    invoice_text,
    no_price,
    not_billed,
    not_found_block,
    price_answer,
    price_lines,
    scheme_answer,
    slab_text,
    stock_answer,
    stock_line,
    unsure_block,
    which_product,
)
from bot.replies.shape import (
    LIMIT,
    PART_MARK,
    STATE_WORDS,
    fmt_qty,
    fmt_unit,
    fmt_when,
    split,
    state_word,
    to_replies,
)
from bot.replies.status import (
    HISTORY_WORDS,
    ask_cancel,
    cancel_again,
    cancel_kept,
    cancelled,
    cannot_cancel,
    credit_note_attached,
    invoice_attached,
    no_orders,
    nothing_to_cancel,
    order_moved,
    order_not_found,
    order_status,
)
from bot.replies.stock import (
    nothing_in_stock,
    ship_or_wait_again,
    short_draft,
    shortfall_declined,
    stock_short,
)
from bot.replies.which import (
    also_waiting,
    draft_in_short,
    still_waiting,
    which_no,
    which_no_again,
    which_no_none,
    which_yes,
    which_yes_again,
    which_yes_none,
)

__all__ = [
    # shape
    "LIMIT",
    "PART_MARK",
    "STATE_WORDS",
    "fmt_qty",
    "fmt_unit",
    "fmt_when",
    "split",
    "state_word",
    "to_replies",
    # drafts
    "ask_pick",
    "ask_quantity",
    "draft",
    "draft_checked",
    "draft_dropped",
    "draft_expired",
    "empty_order",
    "gst_line",
    "noted",
    "nothing_to_confirm",
    "nothing_to_repeat",
    "pick_again",
    "price_problem",
    "sent_to_review",
    "yes_while_in_review",
    "zero_price_pending",
    "zero_price_rejected",
    # pieces
    "DraftChange",
    "changes_said",
    "draft_changes",
    "draft_emptied",
    "draft_expired_new",
    "draft_unchanged",
    "new_order_items",
    # claims
    "REASON_WORDS",
    "claim_approved",
    "claim_recorded",
    "claim_rejected",
    "open_claims",
    "read_from_file",
    "reason_word",
    # confirmation
    "blocked",
    "confirmed",
    "nothing_in_stock",
    "ship_or_wait_again",
    "short_draft",
    "shortfall_declined",
    "stock_short",
    # which
    "also_waiting",
    "draft_in_short",
    "still_waiting",
    "which_no",
    "which_no_again",
    "which_no_none",
    "which_yes",
    "which_yes_again",
    "which_yes_none",
    # questions
    "invoice_text",
    "no_price",
    "not_billed",
    "not_found_block",
    "price_answer",
    "price_lines",
    "scheme_answer",
    "slab_text",
    "stock_answer",
    "stock_line",
    "unsure_block",
    "which_product",
    # approvals
    "held",
    "hold_approved",
    "hold_rejected",
    "price_exception_approved",
    "price_exception_rejected",
    "price_pending",
    # status
    "HISTORY_WORDS",
    "ask_cancel",
    "cancel_again",
    "cancel_kept",
    "cancelled",
    "cannot_cancel",
    "claim_and_order",
    "credit_note_attached",
    "invoice_attached",
    "no_orders",
    "nothing_to_cancel",
    "order_moved",
    "order_not_found",
    "order_status",
    # account
    "HOW_TO_PAY",
    "SHOWN_REFS",
    "balance",
    "entry_word",
    "payment_received",
    "payment_reminder",
    "statement",
    # payments
    "mode_word",
    "payment_not_verified",
    "payment_noted",
    "photo_to_person",
    "payment_noted_before",
    "payment_verified",
    # language
    "language_follows_writing",
    "language_set",
    # people
    "EXAMPLES",
    "for_the_shop",
    "greeting",
    "help_menu",
    "inactive_account",
    "rep_ask_dealer",
    "rep_no_dealers",
    "rep_not_assigned",
    "rep_unknown_shop",
    "thanks",
    "unknown_sender",
    "welcome_dealer",
    # fallbacks
    "bill_asked",
    "empty_message",
    "file_mentioned",
    "media_received",
    "not_understood",
    "not_your_shop",
    "please_wait",
    "review_rejected",
    "too_long",
    "went_wrong",
]
