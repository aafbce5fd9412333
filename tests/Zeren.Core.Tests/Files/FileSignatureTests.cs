using FluentAssertions;
using Xunit;
using Zeren.Core.Files;
using Zeren.Core.Platform;

namespace Zeren.Core.Tests.Files;

public class FileSignatureTests
{
    [Theory]
    [InlineData(new byte[] { 0xFF, 0xD8, 0xFF, 0xE0, 0, 0x10 }, FileKind.Jpeg)]
    [InlineData(new byte[] { 0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A }, FileKind.Png)]
    [InlineData(new byte[] { 0x25, 0x50, 0x44, 0x46, 0x2D, 0x31, 0x2E, 0x37 }, FileKind.Pdf)]
    [InlineData(new byte[] { 0x50, 0x4B, 0x03, 0x04, 0x14, 0x00 }, FileKind.Xlsx)]
    public void Detect_KnowsEachKindByItsFirstBytes(byte[] head, FileKind kind) =>
        FileSignature.Detect(head).Should().Be(kind);

    [Theory]
    [InlineData(new byte[] { 0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x00 })] // a PNG signature broken in its last byte
    [InlineData(new byte[] { 0x3C, 0x68, 0x74, 0x6D, 0x6C, 0x3E })]             // <html>
    [InlineData(new byte[] { 0x50, 0x4B, 0x05, 0x06 })]                         // an empty zip's end record, not a file entry
    [InlineData(new byte[] { 0xFF, 0xD8 })]
    public void Detect_AnythingElse_IsNothing(byte[] head) =>
        FileSignature.Detect(head).Should().BeNull();

    [Theory]
    [InlineData("照片.JPG", "image/jpeg")]
    [InlineData("照片.jpeg", "image/pjpeg")]
    [InlineData("照片.jpg", "application/octet-stream")]
    [InlineData("照片.jpg", "")]
    [InlineData("照片.jpg", null)]
    public void Check_AJpegWithAMatchingNameAndClaim_IsAJpeg(string fileName, string? claimed) =>
        FileSignature.Check(fileName, claimed, [0xFF, 0xD8, 0xFF, 0xE1], FileSignature.All).Should().Be(FileKind.Jpeg);

    [Theory]
    [InlineData("照片.png", null, "与扩展名 .png 不符")]      // jpeg bytes, png name
    [InlineData("照片.jpg", "image/png", "（image/png）")]   // jpeg bytes and name, claimed png
    [InlineData("照片.gif", null, "只接受")]                 // an extension not taken
    [InlineData("名册.xlsx", null, "不是 Excel 工作簿")]
    public void Check_WhenNameBytesOrClaimDisagree_RefusesWithUploadType(string fileName, string? claimed, string message)
    {
        var check = () => FileSignature.Check(fileName, claimed, [0xFF, 0xD8, 0xFF, 0xE1], FileSignature.All);

        check.Should().Throw<DomainException>().Where(e => e.Code == "upload_type" && e.Field == "file").WithMessage($"*{message}*");
    }

    [Fact]
    public void Check_AKindNotAllowedHere_IsRefusedEvenWhenTheBytesAgree()
    {
        var check = () => FileSignature.Check("照片.jpg", "image/jpeg", [0xFF, 0xD8, 0xFF, 0xE1], [FileKind.Xlsx]);

        check.Should().Throw<DomainException>().WithMessage("只接受 .xlsx 文件。");
    }

    [Theory]
    [InlineData("会议纪要.pdf", "会议纪要.pdf")]
    [InlineData("../../etc/passwd", "passwd")]
    [InlineData(@"C:\Users\张三\签到表.png", "签到表.png")]
    [InlineData("a\u0000b\r\n\"c\".png", "abc.png")]
    [InlineData("   ", "file")]
    [InlineData(null, "file")]
    public void CleanFileName_KeepsOnlyASafeName(string? given, string expected) =>
        StoredFile.CleanFileName(given).Should().Be(expected);

    [Fact]
    public void CleanFileName_ShortensALongNameButKeepsItsExtensionAndWholeCharacters()
    {
        var name = StoredFile.CleanFileName(new string('字', 151) + "😀😀😀😀😀😀😀😀😀😀😀😀😀😀😀😀😀😀😀😀😀😀😀😀😀.pdf");

        name.Length.Should().BeLessThanOrEqualTo(StoredFile.MaxFileNameLength);
        name.Should().EndWith(".pdf");
        char.IsHighSurrogate(name[^5]).Should().BeFalse();
    }
}
