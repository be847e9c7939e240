"""A survey's results as CSV and XLSX: the ratings' figures and the open answers."""

import csv
from io import BytesIO, StringIO

from django.http import HttpResponse
from django.utils.formats import number_format
from django.utils.translation import gettext as _
from openpyxl import Workbook

from .exports import _safe
from .survey_services import RATINGS, survey_results


def _average(value, localized: bool):
    if value is None:
        return ""
    value = round(value, 2)
    return number_format(value, 2) if localized else value


def summary_rows(results, *, localized: bool):
    yield [_("Question"), *[str(value) for value in RATINGS], _("Average"), _("Answers")]
    for result in results:
        if not result.question.is_rating:
            continue
        yield [
            _safe(result.question.text),
            *[count for _value, count in result.counts],
            _average(result.average, localized),
            result.answer_count,
        ]


def open_answer_rows(results):
    yield [_("Question"), _("Answer")]
    for result in results:
        for text in result.texts:
            yield [_safe(result.question.text), _safe(text)]


def _filename(survey, extension):
    return f"survey-{survey.pk}-results.{extension}"


def results_csv(survey) -> HttpResponse:
    response_count, results = survey_results(survey)
    buffer = StringIO()
    writer = csv.writer(buffer, delimiter=";")
    writer.writerow([_safe(survey.title)])
    writer.writerow([_("Responses"), response_count])
    writer.writerow([])
    writer.writerows(summary_rows(results, localized=True))
    writer.writerow([])
    writer.writerows(open_answer_rows(results))
    response = HttpResponse("\ufeff" + buffer.getvalue(), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{_filename(survey, "csv")}"'
    return response


def results_xlsx(survey) -> HttpResponse:
    response_count, results = survey_results(survey)
    workbook = Workbook()
    summary = workbook.active
    summary.title = _("Ratings")[:31]
    summary.append([_safe(survey.title)])
    summary.append([_("Responses"), response_count])
    summary.append([])
    for row in summary_rows(results, localized=False):
        summary.append(row)
    texts = workbook.create_sheet(_("Open answers")[:31])
    for row in open_answer_rows(results):
        texts.append(row)
    for sheet in (summary, texts):
        for row in sheet.iter_rows():
            for cell in row:
                if isinstance(cell.value, str):
                    cell.data_type = "s"
    output = BytesIO()
    workbook.save(output)
    response = HttpResponse(
        output.getvalue(),
        content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    )
    response["Content-Disposition"] = f'attachment; filename="{_filename(survey, "xlsx")}"'
    return response
