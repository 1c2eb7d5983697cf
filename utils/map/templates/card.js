(function () {
    // an action's card on a page (the Map page's "Action details"): markers.js's one card, drawn from data only
    var data = SM_CARD_DATA;
    smMarkerKit(data.spec).card(data.row, data.why, document.getElementById(data.here));
})();
